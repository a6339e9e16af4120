namespace UnityVideo.Core.Checkpoints;

/// <summary>A checkpoint tensor whose shape differs from the model's tensor of the same name (not loaded).</summary>
/// <param name="Key">State-dict name.</param>
/// <param name="Expected">The model's shape.</param>
/// <param name="Found">The checkpoint's shape.</param>
public sealed record ShapeMismatch(string Key, IReadOnlyList<long> Expected, IReadOnlyList<long> Found)
{
    /// <inheritdoc />
    public override string ToString() => $"{Key}: model [{string.Join(", ", Expected)}], checkpoint [{string.Join(", ", Found)}]";
}
