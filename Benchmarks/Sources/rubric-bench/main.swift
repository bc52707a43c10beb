import Foundation

// rubric-bench: benchmarks, run from the repository root with
//   swift run -c release --package-path Benchmarks rubric-bench limits [RUNS]
let args = Array(CommandLine.arguments.dropFirst())
let runs = args.count > 1 ? Int(args[1]) ?? 7 : 7
switch args.first {
case "limits":
    LimitsBenchmark.run(runs: runs)
default:
    FileHandle.standardError.write(Data("usage: rubric-bench limits [RUNS]\n".utf8))
    exit(2)
}
