namespace UnityVideo.Core.Checkpoints;

/// <summary>
/// What <see cref="ModelCheckpoint.Load"/> did. Keys are PyTorch-style dotted state-dict names. A modality the
/// checkpoint has never seen shows up as <see cref="NewModalities"/> (its switcher slot zeroed, its patch
/// embedding and head left at their fresh initialisation) and its keys as <see cref="Missing"/>: expected when
/// growing a model, so not an error.
/// </summary>
public sealed record CheckpointLoadReport
{
    /// <summary>Keys copied from the checkpoint.</summary>
    public required IReadOnlyList<string> Loaded { get; init; }

    /// <summary>Model keys absent from the checkpoint (left as they were, except new switcher slots: zeroed).</summary>
    public required IReadOnlyList<string> Missing { get; init; }

    /// <summary>Checkpoint keys the model does not have (ignored).</summary>
    public required IReadOnlyList<string> Unexpected { get; init; }

    /// <summary>Keys present in both with different shapes (not loaded).</summary>
    public required IReadOnlyList<ShapeMismatch> ShapeMismatches { get; init; }

    /// <summary>Switcher slots absent from the checkpoint, now zero (the modality starts with no learned identity).</summary>
    public required IReadOnlyList<string> NewSwitcherSlots { get; init; }

    /// <summary>Stream kinds of the model that the checkpoint has no weights for at all.</summary>
    public required IReadOnlyList<string> NewModalities { get; init; }

    /// <summary>Every model key was loaded and every checkpoint key was used.</summary>
    public bool IsExact => Missing.Count == 0 && Unexpected.Count == 0 && ShapeMismatches.Count == 0;

    /// <summary>Nothing is wrong except modalities the checkpoint never had (the normal way to add a modality).</summary>
    public bool IsCompatible => ShapeMismatches.Count == 0 && Unexpected.Count == 0 &&
        Missing.All(k => NewModalities.Any(m => ModelCheckpoint.IsKeyOfStream(k, m)));

    /// <summary>A readable multi-line account.</summary>
    public override string ToString()
    {
        var lines = new List<string> { $"loaded {Loaded.Count} tensors" };
        if (NewModalities.Count > 0) lines.Add($"new modalities (fresh weights, switcher slot zero): {string.Join(", ", NewModalities)}");
        if (Missing.Count > 0) lines.Add($"missing ({Missing.Count}): {string.Join(", ", Missing)}");
        if (Unexpected.Count > 0) lines.Add($"unexpected ({Unexpected.Count}): {string.Join(", ", Unexpected)}");
        if (ShapeMismatches.Count > 0) lines.Add($"shape mismatches ({ShapeMismatches.Count}): {string.Join("; ", ShapeMismatches)}");
        return string.Join(Environment.NewLine, lines);
    }
}

/// <summary>A checkpoint tensor whose shape differs from the model's tensor of the same name (not loaded).</summary>
/// <param name="Key">State-dict name.</param>
/// <param name="Expected">The model's shape.</param>
/// <param name="Found">The checkpoint's shape.</param>
public sealed record ShapeMismatch(string Key, IReadOnlyList<long> Expected, IReadOnlyList<long> Found)
{
    /// <inheritdoc />
    public override string ToString() => $"{Key}: model [{string.Join(", ", Expected)}], checkpoint [{string.Join(", ", Found)}]";
}
