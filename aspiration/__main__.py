from aspiration.cli import main

main()
