using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Core.IO;
using UnityVideo.Core.Modalities;
using UnityVideo.Core.Video;
using static TorchSharp.torch;

namespace UnityVideo.Core.Inference;

/// <summary>
/// Output files of estimation and generation: safetensors with the stored tensors (readable from Python with one
/// call) and side-by-side GIFs drawn by the modalities' visualizers. Target names are fixed, so existing files are
/// refused unless overwriting is asked for; every file is written atomically.
/// </summary>
public static class InferenceFiles
{
    /// <summary>Estimation targets in <paramref name="folder"/>: <c>&lt;name&gt;.&lt;modality&gt;.safetensors</c> and <c>.gif</c> per modality.</summary>
    public static IReadOnlyList<string> EstimateTargets(string folder, string name, IEnumerable<string> modalities)
    {
        ArgumentNullException.ThrowIfNull(modalities);
        return modalities.SelectMany(m => new[] { Path.Combine(folder, $"{name}.{m}.safetensors"), Path.Combine(folder, $"{name}.{m}.gif") }).ToList();
    }

    /// <summary>Generation targets in <paramref name="folder"/>: <c>&lt;name&gt;.safetensors</c> and <c>&lt;name&gt;.gif</c>.</summary>
    public static IReadOnlyList<string> GenerateTargets(string folder, string name) =>
        [Path.Combine(folder, $"{name}.safetensors"), Path.Combine(folder, $"{name}.gif")];

    /// <summary>Throws when a target exists and <paramref name="force"/> is false, or a target is one of the command's <paramref name="inputs"/> (even with force).</summary>
    /// <exception cref="OutputExistsException">A target exists and <paramref name="force"/> is off.</exception>
    /// <exception cref="InferenceException">A target would overwrite an input.</exception>
    public static void RefuseExisting(IEnumerable<string> targets, bool force, IEnumerable<string?>? inputs = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var read = (inputs ?? []).OfType<string>().Select(Path.GetFullPath).ToHashSet(StringComparer.Ordinal);
        var clash = targets.FirstOrDefault(t => read.Contains(Path.GetFullPath(t)));
        if (clash is not null) throw new InferenceException($"'{clash}' is also an input of this command; writing it would replace the input. Choose another output folder.");
        if (force) return;
        var existing = targets.FirstOrDefault(File.Exists);
        if (existing is not null) throw new OutputExistsException(Path.GetFullPath(existing), option: null, holds: null);
    }

    /// <summary>
    /// Writes each estimate as <c>&lt;name&gt;.&lt;modality&gt;.safetensors</c> (the stored tensor under the modality's
    /// storage key) and <c>&lt;name&gt;.&lt;modality&gt;.gif</c> (input RGB | estimate). Returns the written paths.
    /// </summary>
    public static IReadOnlyList<string> WriteEstimates(string folder, string name, Tensor rgb, IReadOnlyDictionary<string, Tensor> estimates,
        ModalityRegistry registry, ClipContext context, double fps, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(estimates);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(metadata);
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        foreach (var (m, stored) in estimates)
        {
            using var scope = NewDisposeScope();
            var d = registry.Get(m);
            var writer = new SafetensorsWriter();
            writer.Add(d.StorageKey, stored.cpu().contiguous());
            foreach (var (k, v) in metadata) writer.Metadata[k] = v;
            writer.Metadata["modality"] = m;
            var tensorPath = Path.Combine(folder, $"{name}.{m}.safetensors");
            writer.Save(tensorPath);
            var gifPath = Path.Combine(folder, $"{name}.{m}.gif");
            WriteGif(gifPath, [rgb, Render(d, stored, context)], fps);
            written.Add(tensorPath);
            written.Add(gifPath);
        }
        return written;
    }

    /// <summary>
    /// Writes a generated clip as <c>&lt;name&gt;.safetensors</c> (<c>rgb</c> <c>[T, H, W, 3]</c> uint8 and each modality
    /// under its storage key) and <c>&lt;name&gt;.gif</c> (RGB | each modality). Returns the written paths.
    /// </summary>
    public static IReadOnlyList<string> WriteGenerated(string folder, string name, Tensor rgb, IReadOnlyDictionary<string, Tensor> modalities,
        ModalityRegistry registry, ClipContext context, double fps, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        ArgumentNullException.ThrowIfNull(modalities);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(metadata);
        Directory.CreateDirectory(folder);
        using var scope = NewDisposeScope();
        var writer = new SafetensorsWriter();
        writer.Add("rgb", rgb.cpu().contiguous());
        foreach (var (m, stored) in modalities) writer.Add(registry.Get(m).StorageKey, stored.cpu().contiguous());
        foreach (var (k, v) in metadata) writer.Metadata[k] = v;
        var tensorPath = Path.Combine(folder, $"{name}.safetensors");
        writer.Save(tensorPath);
        var gifPath = Path.Combine(folder, $"{name}.gif");
        WriteGif(gifPath, [rgb, .. modalities.Select(p => Render(registry.Get(p.Key), p.Value, context))], fps);
        return [tensorPath, gifPath];
    }

    /// <summary>The modality drawn by its visualizer, or black frames when its plugin has none or the tensor is empty.</summary>
    public static Tensor Render(ModalityDescriptor descriptor, Tensor stored, ClipContext context)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(context);
        long[] shape = [context.Frames, context.Height, context.Width, 3];
        // Nothing to draw (no visualizer, or e.g. a clip without skeletons: joints [T, 0, 17, 3]): black frames.
        if (descriptor.Visualizer is null || stored.NumberOfElements == 0) return torch.zeros(shape, torch.uint8);
        var frames = descriptor.Visualizer.Render(stored, context);                                  // [T, H, W, 3]
        if (frames.dtype != torch.uint8 || !frames.shape.SequenceEqual(shape))
            throw new InvalidOperationException($"The '{descriptor.Name}' visualizer returned {frames.dtype} [{string.Join(", ", frames.shape)}]; expected uint8 [{string.Join(", ", shape)}].");
        return frames;
    }

    private static void WriteGif(string path, IReadOnlyList<Tensor> panels, double fps)
    {
        using var scope = torch.NewDisposeScope();
        var k = FrameScale.ToAtLeast((int)panels[0].shape[1], (int)panels[0].shape[2]);
        var grid = FrameGrid.Compose([panels.Select(p => FrameScale.Upscale(p.cpu(), k)).ToList()]); // [T, H', W', 3]
        FrameWriter.WriteGif(path, grid, fps > 0 ? fps : 8);
    }
}
