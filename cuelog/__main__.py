from cuelog.cli import main

raise SystemExit(main())
