// swift-tools-version: 6.2
// vnfix: Vietnamese text repair. Toolchain only: no package dependencies, by design.
import PackageDescription

let package = Package(
    name: "vnfix",
    products: [
        .library(name: "VNFix", targets: ["VNFix"]),
        .executable(name: "vnfix", targets: ["vnfix"]),
    ],
    targets: [
        .target(
            name: "VNFix",
            path: "Sources/VNFix",
            resources: [.copy("Resources/default.vnch"), .copy("Resources/default.vnlm"), .copy("Resources/general.vnlm")]
        ),
        .executableTarget(name: "vnfix", dependencies: ["VNFix"], path: "Sources/vnfix"),
        .testTarget(name: "VNFixTests", dependencies: ["VNFix"], path: "Tests/VNFixTests", exclude: ["Golden"]),
    ]
)
