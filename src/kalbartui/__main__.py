from kalbartui.cli import main

raise SystemExit(main())
