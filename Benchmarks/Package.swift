// swift-tools-version:6.0
// Benchmarks for rubric: `swift run -c release --package-path Benchmarks rubric-bench ...`.
// Kept out of the main package so that CI's test command does not build them.
import PackageDescription

let package = Package(
    name: "rubric-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "rubric", path: "..")],
    targets: [
        .executableTarget(name: "rubric-bench", dependencies: [
            .product(name: "RubricSyntax", package: "rubric"), .product(name: "RubricCheck", package: "rubric"),
            .product(name: "RubricEval", package: "rubric"), .product(name: "RubricReport", package: "rubric"),
        ]),
    ]
)
