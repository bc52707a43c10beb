import RubricEval
@testable import RubricSyntax
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

    /// The short way of reading a number (`Fixed.short`) gives what the
    /// general one gives, or leaves the text to it: every text of up to four
    /// bytes over digits, `.`, signs, `e` and a space, and 200,000 longer
    /// ones (up to 14 bytes, mostly digits) from a fixed seed.
    @Test func theShortWayReadsNumbersAsTheGeneralWay() {
        let alphabet = Array("0123456789.+-e ".utf8)
        var checked = 0, short = 0
        func check(_ bytes: [UInt8]) {
            bytes.withUnsafeBufferPointer { b in
                let general = Fixed.general(b)
                if let s = Fixed.short(b) {
                    #expect(s == general, "\(String(decoding: bytes, as: UTF8.self))")
                    short += 1
                }
                #expect(Fixed(parsing: b) == general)
            }
            checked += 1
        }
        var text: [UInt8] = []
        func all(_ length: Int) {
            if length == 0 { check(text); return }
            for c in alphabet { text.append(c); all(length - 1); text.removeLast() }
        }
        for length in 0...4 { all(length) }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        for _ in 0..<200_000 {
            let length = Int(next() % 15)
            check((0..<length).map { _ in
                let r = next() % 100
                return r < 85 ? UInt8(48 + r % 10) : r < 95 ? UInt8(ascii: ".") : alphabet[Int(next() % UInt64(alphabet.count))]
            })
        }
        #expect(checked > 250_000 && short > 50_000)
    }

    /// A day is written as its ISO text, zero-padded, the way it is read:
    /// every day of a few years, through the ten-byte way and the general.
    @Test func daysAreWrittenAsTheyAreRead() throws {
        for year in [1, 99, 999, 2024, 9999] {
            for month in 1...12 {
                for day in 1...Day.daysIn(year: year, month: month) {
                    let d = Day(year: year, month: month, day: day)
                    let text = d.description
                    #expect(text.utf8.count == 10)
                    #expect(try DateText.parse(text).get() == d)
                    let padded = String(repeating: "0", count: 4 - String(year).count) + "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
                    #expect(text == padded)
                }
            }
        }
        #expect(Day(year: 10000, month: 1, day: 2).description == "10000-01-02")
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
