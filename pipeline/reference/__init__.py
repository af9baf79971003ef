"""Reference series that reported figures are set beside: SIPRI's military expenditure (`claims reference sipri`).

The series are third-party data read from the files analysts download; they are never part of the repository.
"""
