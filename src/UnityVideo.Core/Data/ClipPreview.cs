using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Core.Video;
using UnityVideo.Core.Modalities;

namespace UnityVideo.Core.Data;

/// <summary>
/// Turns dataset clips into preview panels: the RGB frames followed by every modality the clips carry, each
/// rendered by its plugin's visualizer. One row per clip, one column per modality, ready for <see cref="FrameGrid"/>.
/// </summary>
public static class ClipPreview
{
    /// <summary>Column order of the bundled modalities; others follow in registration order.</summary>
    public static IReadOnlyList<string> PreferredOrder { get; } = ["depth", "flow", "skeleton", "densepose", "segmentation"];

    /// <summary>
    /// The modalities to show: registered, with a visualizer, and stored in at least one of <paramref name="clips"/>;
    /// in <see cref="PreferredOrder"/>, then registration order.
    /// </summary>
    public static IReadOnlyList<ModalityDescriptor> Columns(ModalityRegistry registry, IReadOnlyList<ClipSample> clips)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(clips);
        return registry.Modalities
            .Where(m => m.Visualizer is not null && clips.Any(c => c.Modalities.ContainsKey(m.StorageKey)))
            .OrderBy(m => PreferredOrder.Contains(m.Name) ? PreferredOrder.ToList().IndexOf(m.Name) : PreferredOrder.Count)
            .ToList();
    }

    /// <summary>The facts a visualizer may need about <paramref name="clip"/>.</summary>
    public static ClipContext ContextOf(ClipSample clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        return new ClipContext
        {
            Frames = clip.Frames,
            Height = clip.Height,
            Width = clip.Width,
            Classes = clip.Metadata.Classes ?? [],
            Intrinsics = clip.Metadata.Intrinsics,
        };
    }

    /// <summary>
    /// Panels <c>[T, H, W, 3]</c> uint8 of one clip: RGB, then one per column (black where the clip lacks it),
    /// each held on its last frame up to <paramref name="frames"/>.
    /// </summary>
    public static IReadOnlyList<torch.Tensor> Panels(ClipSample clip, IReadOnlyList<ModalityDescriptor> columns, int frames)
    {
        ArgumentNullException.ThrowIfNull(clip);
        ArgumentNullException.ThrowIfNull(columns);
        var context = ContextOf(clip);
        var panels = new List<torch.Tensor> { HoldLast(clip.Rgb, frames) };
        foreach (var m in columns)
        {
            if (clip.Get(m.StorageKey) is not { } stored)
            {
                panels.Add(torch.zeros([frames, clip.Height, clip.Width, 3], torch.uint8, device: clip.Rgb.device));
                continue;
            }
            using var scope = torch.NewDisposeScope();
            var rendered = m.Visualizer!.Render(HumanRowsOnly(clip, m, stored), context); // [T, H, W, 3]
            if (rendered.dtype != torch.uint8 || !rendered.shape.SequenceEqual(clip.Rgb.shape))
                throw new InvalidOperationException(
                    $"The '{m.Name}' visualizer returned {rendered.dtype} [{string.Join(", ", rendered.shape)}]; expected uint8 [{string.Join(", ", clip.Rgb.shape)}].");
            panels.Add(HoldLast(rendered, frames).MoveToOuterDisposeScope());
        }
        return panels;
    }

    // Joints rows of quadrupeds use the AP-10K order, which a COCO-17 skeleton drawing would scramble; the
    // visualizer sees only the tensor, so the rows are picked here from the clip's metadata.
    private static torch.Tensor HumanRowsOnly(ClipSample clip, ModalityDescriptor m, torch.Tensor stored)
    {
        if (m.StorageKey != ClipTensorNames.Joints || clip.Metadata.Skeletons is not { } rows || rows.Count != stored.shape[1]) return stored;
        var humans = Enumerable.Range(0, rows.Count).Where(i => rows[i].Kind == "human").Select(i => (long)i).ToArray();
        if (humans.Length == rows.Count) return stored;
        return stored.index_select(1, torch.tensor(humans, device: stored.device)); // [T, P_human, 17, 3]
    }

    private static torch.Tensor HoldLast(torch.Tensor clip, int frames)
    {
        var t = (int)clip.shape[0];
        if (frames < t) throw new ArgumentOutOfRangeException(nameof(frames), frames, $"must be at least the clip's {t} frames");
        if (frames == t) return clip.alias();
        using var scope = torch.NewDisposeScope();
        var last = clip.narrow(0, t - 1, 1).expand(frames - t, -1, -1, -1); // [frames − T, H, W, 3]
        return torch.cat([clip, last], 0).MoveToOuterDisposeScope();        // [frames, H, W, 3]
    }
}
