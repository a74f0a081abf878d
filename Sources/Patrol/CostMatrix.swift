/// A square matrix of travel costs (seconds or metres), row = from, column = to, stored flat.
/// Asymmetric in general: one-way streets make a car's way there differ from its way back.
public struct CostMatrix: Sendable, Equatable {
    public let count: Int
    public var values: [Double]

    public init(count: Int, values: [Double]) {
        precondition(values.count == count * count, "CostMatrix needs count² values")
        self.count = count
        self.values = values
    }

    public init(count: Int, _ cost: (Int, Int) -> Double) {
        var v = [Double](repeating: 0, count: count * count)
        for i in 0..<count { for j in 0..<count where i != j { v[i * count + j] = cost(i, j) } }
        self.init(count: count, values: v)
    }

    @inline(__always) public subscript(from: Int, to: Int) -> Double { values[from * count + to] }

    public var isSymmetric: Bool {
        for i in 0..<count { for j in (i + 1)..<count where values[i * count + j] != values[j * count + i] { return false } }
        return true
    }

    /// Cost of visiting `order` in sequence (no return leg unless the order repeats its start).
    public func cost(of order: [Int]) -> Double {
        guard order.count > 1 else { return 0 }
        var total = 0.0
        for k in 1..<order.count { total += self[order[k - 1], order[k]] }
        return total
    }
}
