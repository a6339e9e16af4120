namespace UnityVideo.Plugins.Segmentation;

/// <summary>
/// Splits a clip's colour labels into instances: pixels of one colour are one instance when they touch within a
/// frame (8-neighbours) or lie within <c>reach</c> pixels of each other (in both axes) in consecutive frames, so a
/// moving instance stays one.
/// </summary>
public static class InstanceComponents
{
    /// <summary>Most instances a decoded clip holds (uint8 ids); smaller components beyond it become background.</summary>
    public const int MaxInstances = 255;

    /// <summary>How far (pixels) an instance may move between frames and still be linked: 1/16 of the width, at least 1.</summary>
    public static int Reach(int width) => Math.Max(1, (int)Math.Round(width / 16.0));

    /// <summary>
    /// Instance ids <c>[T·H·W]</c> (0 background, then 1… by decreasing size, ties by first pixel) of colour labels
    /// <c>[T·H·W]</c> (0 background).
    /// </summary>
    public static byte[] Label(int[] colours, int frames, int height, int width, int reach)
    {
        ArgumentNullException.ThrowIfNull(colours);
        if (colours.Length != frames * height * width)
            throw new ArgumentException($"segmentation: {colours.Length} labels for a {frames}×{height}×{width} clip.", nameof(colours));
        var parent = new int[colours.Length];
        for (var i = 0; i < parent.Length; i++) parent[i] = i;
        var plane = height * width;
        for (var t = 0; t < frames; t++)
            for (var y = 0; y < height; y++)
                for (var x = 0; x < width; x++)
                {
                    var i = (t * plane) + (y * width) + x;
                    if (colours[i] == 0) continue;
                    // Within the frame: the neighbours already visited (left, and the row above).
                    Link(parent, colours, i, t, y, x - 1, height, width, plane);
                    for (var dx = -1; dx <= 1; dx++) Link(parent, colours, i, t, y - 1, x + dx, height, width, plane);
                    // The previous frame, within reach.
                    if (t == 0) continue;
                    for (var dy = -reach; dy <= reach; dy++)
                        for (var dx = -reach; dx <= reach; dx++)
                            Link(parent, colours, i, t - 1, y + dy, x + dx, height, width, plane);
                }

        var size = new Dictionary<int, int>();
        var first = new Dictionary<int, int>();
        for (var i = 0; i < colours.Length; i++)
        {
            if (colours[i] == 0) continue;
            var root = Find(parent, i);
            size[root] = size.GetValueOrDefault(root) + 1;
            first.TryAdd(root, i);
        }
        var id = size.Keys.OrderByDescending(r => size[r]).ThenBy(r => first[r]).Take(MaxInstances)
            .Select((root, k) => (root, k)).ToDictionary(p => p.root, p => (byte)(p.k + 1));
        var ids = new byte[colours.Length];
        for (var i = 0; i < colours.Length; i++)
            if (colours[i] != 0) ids[i] = id.GetValueOrDefault(Find(parent, i));
        return ids;
    }

    private static void Link(int[] parent, int[] colours, int i, int t, int y, int x, int height, int width, int plane)
    {
        if (y < 0 || y >= height || x < 0 || x >= width) return;
        var j = (t * plane) + (y * width) + x;
        if (colours[j] != colours[i]) return;
        int a = Find(parent, i), b = Find(parent, j);
        if (a != b) parent[Math.Max(a, b)] = Math.Min(a, b);
    }

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
