"""Uploaded documents (issue 6): intake into a content-addressed store, the review queue that teaches the
classifier, and filing a reviewed document into what it belongs to through the confirmation engine.

storage.py  bytes -> a file named by its SHA-256 under the documents directory.
pipeline.py the analysis pipeline (knowledge.documents) built from settings, once per process.
access.py   who may see which document.
views.py    what callers get back (never ORM rows).
service.py  submit, get_or_raise, list_documents, list_review_queue, correct, exemplars.
matching.py the supplier and purchase order of a supplier invoice (VAT id, then name).
filing.py   plan and execute filing: payable invoice, expense, policy, job applicant.
"""
