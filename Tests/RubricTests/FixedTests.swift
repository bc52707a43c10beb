import RubricEval
import RubricSyntax
import Testing

/// Exact decimals: parsing, printing, arithmetic, and the year's rounding.
@Suite struct FixedTests {
    @Test func parsesAndPrintsExactly() {
        for s in ["0", "-2", "93.5", "87.63", "-0.5", "0.000001", "123456.654321"] {
            #expect(Fixed(parsing: s)?.description == s)
        }
        #expect(Fixed(parsing: "1e2")?.description == "100")
        #expect(Fixed(parsing: "1.50")?.description == "1.5")
        #expect(Fixed(parsing: "0.0000001") == nil)
        #expect(Fixed(parsing: "abc") == nil)
        #expect(Fixed(parsing: "99999999999999999999") == nil)
    }

    /// Plain digit strings of every length up to 19, with leading zeros: the
    /// value times the scale, or nil where that leaves the range (never a
    /// trap: 14 to 19 digits once crashed the byte reader).
    @Test func plainDigitsOfEveryLength() {
        var rng = SplitMix64(seed: 0xF1ED)
        for _ in 0..<20000 {
            let length = 1 + Int(rng.next() % 19)
            var text = String((0..<length).map { _ in Character(String(rng.next() % 10)) })
            if rng.next() % 4 == 0 { text = "0" + text.dropFirst() }
            guard let value = Int64(text) else {
                #expect(Fixed(parsing: text) == nil, "\(text)")
                continue
            }
            let (scaled, overflow) = value.multipliedReportingOverflow(by: Fixed.scale)
            #expect(Fixed(parsing: text) == (overflow ? nil : Fixed(raw: scaled)), "\(text)")
        }
        #expect(Fixed(parsing: "") == nil)
        #expect(Fixed(parsing: "12a") == nil)
        #expect(Fixed(parsing: "+7")?.description == "7")
        #expect(Fixed(parsing: "999999999999")?.description == "999999999999")
        #expect(Fixed(parsing: "9223372036854")?.description == "9223372036854")
        #expect(Fixed(parsing: "9223372036855") == nil)
    }

    @Test func roundsHalfUpFromTheExactSum() {
        let sum = Fixed(parsing: "350.5")!
        #expect(sum.divided(by: 4, places: 2)?.description == "87.63")
        #expect(Fixed(parsing: "350.5")!.divided(by: 4, places: 2, halfUp: false)?.description == "87.62")
        #expect(Fixed(parsing: "100")!.divided(by: 3, places: 2)?.description == "33.33")
        #expect(Fixed(parsing: "-350.5")!.divided(by: 4, places: 2)?.description == "-87.63")
        #expect(Fixed(parsing: "0.1")! + Fixed(parsing: "0.2")! == Fixed(parsing: "0.3")!)
    }

    @Test func overflowIsReportedNotTrapped() {
        let big = Fixed(raw: Int64.max - 1)
        #expect(big + Fixed(parsing: "1")! == nil)
        #expect(big * 2 == nil)
        #expect(Fixed(double: .infinity) == nil)
        #expect(Fixed(double: 1e300) == nil)
    }
}
