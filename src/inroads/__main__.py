from inroads.cli import main

main()
