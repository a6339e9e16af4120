namespace UnityVideo.Plugins.Segmentation;

/// <summary>
/// The palette colour of a class under <see cref="SegmentationColouring.Classes"/>: the synthetic world's classes
/// take the far corners of the palette (so no two of them are confused), any other class name a colour picked by a
/// hash of the name among the remaining entries, the same on every machine.
/// </summary>
public static class SegmentationClassColours
{
    /// <summary>Classes with a fixed colour, in palette order.</summary>
    public static IReadOnlyList<string> Fixed { get; } = ["person", "box", "sphere", "cylinder", "capsule", "animal"];

    /// <summary>The class assumed when a clip lists no class names.</summary>
    public const string Unnamed = "object";

    /// <summary>0-based index into <see cref="SegmentationPalette.Colours"/> of <paramref name="className"/>'s colour.</summary>
    public static int IndexOf(string className)
    {
        ArgumentNullException.ThrowIfNull(className);
        var name = className.Trim().ToLowerInvariant();
        for (var i = 0; i < Fixed.Count; i++)
            if (Fixed[i] == name) return i;
        var hash = 2166136261u; // FNV-1a: stable across runs, unlike string.GetHashCode
        foreach (var ch in name)
        {
            hash ^= ch;
            hash *= 16777619u;
        }
        return Fixed.Count + (int)(hash % (uint)(SegmentationPalette.MaxSlots - Fixed.Count));
    }
}
