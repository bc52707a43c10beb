// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "rubric",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "rubric", targets: ["rubric"]),
        .executable(name: "cel-conformance", targets: ["cel-conformance"]),
        // The phases as libraries, for the fuzz targets in Fuzz/ and the benchmarks in Benchmarks/.
        .library(name: "RubricSyntax", targets: ["RubricSyntax"]),
        .library(name: "RubricCheck", targets: ["RubricCheck"]),
        .library(name: "RubricEval", targets: ["RubricEval"]),
        .library(name: "RubricReport", targets: ["RubricReport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // Phase 1: source text -> spans, CEL expression AST, rubric document AST, diagnostics.
        // CEL's regular expressions are RE2's: Debian's libre2 behind a C face (apt-get install libre2-dev).
        .target(name: "CRE2", linkerSettings: [.linkedLibrary("re2")]),
        .target(name: "RubricSyntax", dependencies: ["CRE2", .product(name: "Yams", package: "Yams")], resources: [
            .embedInCode("Catalog/messages.zh.json"), .embedInCode("Catalog/messages.en.json"),
        ]),
        // Phase 2: type-check expressions against the event schema, lint the rubric.
        .target(name: "RubricCheck", dependencies: ["RubricSyntax"]),
        // What Swift cannot say to the processor, for the hot paths: a prefetch hint for the
        // scorer, a vector byte mask for the CSV splitter.
        .target(name: "CMachine"),
        // UTF-8 checked by simdjson's validator behind a C face (apt-get install libsimdjson-dev).
        .target(name: "CUTF8", linkerSettings: [.linkedLibrary("simdjson")]),
        // Phase 3: compile checked expressions, read events, score them.
        .target(name: "RubricEval", dependencies: [
            "CMachine", "CUTF8", "RubricSyntax", "RubricCheck", .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        // Phase 4: render scores and explanations.
        .target(name: "RubricReport", dependencies: [
            "RubricSyntax", "RubricCheck", "RubricEval", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ], resources: [
            // Message catalogs: data, compiled into the binary.
            .embedInCode("Catalogs/labels.zh.json"), .embedInCode("Catalogs/labels.en.json"),
        ]),
        // Phase 3': the checked rubric compiled to SQL for PostgreSQL, Spark and DuckDB.
        .target(name: "RubricSQL", dependencies: ["RubricSyntax", "RubricCheck"]),
        // The author's tools over the phases: rule tests, revision diffs, the rules schema.
        .target(name: "RubricAuthoring", dependencies: ["RubricSyntax", "RubricCheck", "RubricEval", "RubricReport"]),
        // The command line: thin ArgumentParser commands over the phases.
        // Release builds on Linux link the Swift runtime and Foundation statically: no dynamic
        // symbol binding at start-up, so `lint` and `--help` take half the time (docs/performance.md).
        .executableTarget(name: "rubric", dependencies: [
            "RubricSyntax", "RubricCheck", "RubricEval", "RubricReport", "RubricAuthoring", "RubricSQL",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ],
        swiftSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))],
        linkerSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))]),
        // Runs the CEL specification's conformance cases through the same parser, checker and evaluator.
        .executableTarget(name: "cel-conformance", dependencies: ["RubricSyntax", "RubricCheck", "RubricEval"]),
        .testTarget(name: "RubricTests", dependencies: [
            "RubricSyntax", "RubricCheck", "RubricEval", "RubricReport", "RubricSQL",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
    ],
    cxxLanguageStandard: .cxx17
)
