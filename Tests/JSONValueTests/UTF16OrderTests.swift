import JSONValue
import Testing

@Suite struct UTF16OrderTests {
    @Test func ordersByUTF16CodeUnitsAsJavaScriptDoes() {
        #expect("a".utf16Order("b") == -1)
        #expect("b".utf16Order("a") == 1)
        #expect("ab".utf16Order("ab") == 0)
        #expect("ab".utf16Order("abc") == -1)
        #expect("".utf16Order("a") == -1)
        // U+FF5E (one code unit 0xFF5E) sorts after U+1F600 (surrogates 0xD83D 0xDE00) in JavaScript; Swift's `<`,
        // by scalar value, says the opposite.
        #expect("\u{FF5E}".utf16Order("\u{1F600}") == 1)
        #expect("\u{FF5E}" < "\u{1F600}")
    }

    @Test func canonicallyEquivalentStringsAreStillDifferent() {
        let precomposed = "\u{E9}"
        let decomposed = "e\u{301}"
        #expect(precomposed == decomposed)
        #expect(precomposed.utf16Order(decomposed) == 1)
        #expect(decomposed.utf16Order(precomposed) == -1)
    }
}
