from kalbartui.cli.main import main

raise SystemExit(main())
