from bowout.cli.main import main

main()
