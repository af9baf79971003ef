"""Stage 1: a folder of articles in any supported format -> `articles` + `rejected_inputs`."""

from pipeline.ingest.core import IngestResult, ingest_folder

__all__ = ["IngestResult", "ingest_folder"]
