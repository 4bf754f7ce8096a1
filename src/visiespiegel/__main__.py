from visiespiegel.cli import main

main()
