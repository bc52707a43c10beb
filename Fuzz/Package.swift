// swift-tools-version:6.0
// libFuzzer targets for rubric. Not part of the main build: they have no
// `main` (libFuzzer provides it). Build and run them with scripts/fuzz.sh.
import PackageDescription

let package = Package(
    name: "rubric-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "rubric", path: "..")],
    targets: [
        .executableTarget(name: "FuzzRules", dependencies: [
            .product(name: "RubricSyntax", package: "rubric"), .product(name: "RubricCheck", package: "rubric"),
            .product(name: "RubricEval", package: "rubric"),
        ]),
        .executableTarget(name: "FuzzExpr", dependencies: [
            .product(name: "RubricSyntax", package: "rubric"), .product(name: "RubricCheck", package: "rubric"),
            .product(name: "RubricEval", package: "rubric"),
        ]),
        .executableTarget(name: "FuzzEvents", dependencies: [
            .product(name: "RubricSyntax", package: "rubric"), .product(name: "RubricCheck", package: "rubric"),
            .product(name: "RubricEval", package: "rubric"), .product(name: "RubricReport", package: "rubric"),
        ]),
    ]
)
