"""Talking to remote SPARQL stores: credentials, endpoint URLs, HTTP and SPARQL clients.

One client for every command that goes over the network (``load``, ``query --endpoint``,
``links``): :mod:`.http` (auth, timeouts, retries, User-Agent, error messages),
:mod:`.sparql` (the SPARQL 1.1 Protocol on top of it), :mod:`.endpoints` (which URL does
what for known stores) and :mod:`.public` (the polite configuration for public endpoints).
Everything here goes through the standard SPARQL 1.1 protocols (Query, Update, Graph Store
HTTP Protocol) so that any compliant store works, not only the ones we test against.
"""
