"""Evaluation against annotated corpora: coreference metrics, LitBank and PDNC readers and scorers."""
