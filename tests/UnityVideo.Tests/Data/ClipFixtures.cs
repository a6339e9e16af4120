using UnityVideo.Core.Data;
using UnityVideo.Core.IO;
using UnityVideo.Host.Data;
using UnityVideo.Synthetic;

namespace UnityVideo.Tests.Data;

/// <summary>Small clips for the dataset tests.</summary>
internal static class ClipFixtures
{
    public static SyntheticClip Synthetic(int index = 0) =>
        new SyntheticWorld(new SyntheticOptions { Width = 16, Height = 12, Frames = 3, Seed = 4, WithAnimals = true }).Render(index);

    public static ClipArrays Arrays(int index = 0) => SyntheticClipArrays.From(Synthetic(index));

    /// <summary>A hand-made file: rgb [2, 4, 5, 3] plus whatever <paramref name="extra"/> adds, with metadata.</summary>
    public static void WriteRaw(string path, Action<SafetensorsWriter> extra, bool caption = true)
    {
        var w = new SafetensorsWriter().Add("rgb", SafetensorsDType.U8, [2, 4, 5, 3], new byte[2 * 4 * 5 * 3]);
        extra(w);
        if (caption) w.Metadata["caption"] = "a test";
        w.Metadata["fps"] = "8";
        w.Save(path);
    }
}
