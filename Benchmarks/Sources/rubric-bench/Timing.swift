import Foundation

/// Repeated timing with medians: one run is noise, the median of several is a measurement.
struct Timing {
    var samples: [Double] = []

    /// Runs `body` `runs` times (after one warm-up) and records wall-clock seconds.
    static func measure(runs: Int, _ body: () throws -> Void) rethrows -> Timing {
        try body()
        var t = Timing()
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            t.samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return t
    }

    var median: Double {
        let s = samples.sorted()
        return s.isEmpty ? 0 : (s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2)
    }
    var min: Double { samples.min() ?? 0 }
    var max: Double { samples.max() ?? 0 }

    static func ms(_ s: Double) -> String { String(format: "%.2f ms", s * 1000) }
}

/// Peak resident memory of this process so far (VmHWM), in MiB.
func peakRSSMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
    return kb / 1024
}
