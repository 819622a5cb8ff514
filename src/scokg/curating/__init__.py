"""Curating tools: start a document from its text (:mod:`.scaffold`), split it into
sentences (:mod:`.sentences`), write new files all or nothing (:mod:`.files`)."""
