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
