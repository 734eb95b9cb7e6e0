/// Namespace for library-wide facts.
public enum VNFix {
    /// The library version, as printed by `vnfix --version`.
    public static let version = "0.1.0"
}
