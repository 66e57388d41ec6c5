"""Benchmarks: each ``bench/<name>_bench.py`` has ``run(console) -> list[dict]``; see __main__."""
