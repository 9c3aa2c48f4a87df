from kalbartui.cli.main import run

run()
