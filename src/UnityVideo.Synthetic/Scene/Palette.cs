using System.Numerics;

namespace UnityVideo.Synthetic.Scene;

/// <summary>Named colours, so captions can say what the pixels show ("a person in red").</summary>
internal static class Palette
{
    /// <summary>Saturated colours for clothes and objects.</summary>
    public static IReadOnlyList<(string Name, Vector3 Rgb)> Vivid { get; } =
    [
        ("red", new(0.85f, 0.12f, 0.10f)),
        ("blue", new(0.12f, 0.25f, 0.85f)),
        ("green", new(0.15f, 0.65f, 0.20f)),
        ("yellow", new(0.92f, 0.82f, 0.12f)),
        ("orange", new(0.95f, 0.50f, 0.08f)),
        ("purple", new(0.50f, 0.18f, 0.70f)),
        ("white", new(0.92f, 0.92f, 0.90f)),
        ("black", new(0.10f, 0.10f, 0.11f)),
        ("pink", new(0.95f, 0.50f, 0.65f)),
        ("teal", new(0.10f, 0.60f, 0.60f)),
    ];

    /// <summary>Coat colours for animals.</summary>
    public static IReadOnlyList<(string Name, Vector3 Rgb)> Coats { get; } =
    [
        ("brown", new(0.45f, 0.28f, 0.14f)),
        ("black", new(0.08f, 0.08f, 0.08f)),
        ("white", new(0.90f, 0.88f, 0.84f)),
        ("golden", new(0.85f, 0.62f, 0.30f)),
        ("gray", new(0.50f, 0.50f, 0.52f)),
    ];

    /// <summary>Skin tones.</summary>
    public static IReadOnlyList<Vector3> Skin { get; } =
    [
        new(0.96f, 0.80f, 0.69f), new(0.85f, 0.65f, 0.50f), new(0.62f, 0.44f, 0.30f), new(0.40f, 0.27f, 0.18f),
    ];

    /// <summary>Muted colours for ground and backdrop, so the foreground stands out; named for the captions' background phrase.</summary>
    public static IReadOnlyList<(string Name, Vector3 Rgb)> Muted { get; } =
    [
        ("beige", new(0.55f, 0.52f, 0.45f)), ("olive", new(0.40f, 0.45f, 0.38f)), ("gray", new(0.60f, 0.58f, 0.56f)),
        ("brown", new(0.45f, 0.40f, 0.35f)), ("slate", new(0.35f, 0.40f, 0.48f)), ("tan", new(0.62f, 0.55f, 0.42f)),
    ];
}
