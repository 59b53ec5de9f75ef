from tracuu.cli import run

run()
