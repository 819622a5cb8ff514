"""Talking to remote SPARQL stores: credentials, endpoint URLs, HTTP and SPARQL clients.

Everything here goes through the standard SPARQL 1.1 protocols (Query, Update, Graph Store
HTTP Protocol) so that any compliant store works, not only the ones we test against.
"""
