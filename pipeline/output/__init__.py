"""What leaves the pipeline: the record (`record`, the output contract), its
text and HTML views (`render`) and the dashboard over a batch output (`report`)."""
