import FerryCLI

await Ferry.main()
