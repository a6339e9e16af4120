namespace UnityVideo.Synthetic;

/// <summary>
/// Which split a clip belongs to. The split is part of each clip's random key, so train and test never
/// produce the same clip for the same seed and index.
/// </summary>
public enum SyntheticSplit
{
    /// <summary>Training clips.</summary>
    Train,

    /// <summary>Held-out evaluation clips.</summary>
    Test,
}
