using System.Globalization;
using UnityVideo.Abstractions;
using UnityVideo.Core.Backbones.Wan.Vae;
using UnityVideo.Core.Data;
using UnityVideo.Core.Modalities;
using UnityVideo.Core.Training;
using static TorchSharp.torch;

namespace UnityVideo.Core.Backbones.Wan;

/// <summary>
/// Training batches from a latent dataset (<see cref="LatentDatasetBuilder"/>): the RGB latents and each modality's
/// latents, with the caption and a modality prompt per clip. Clips are pooled by the modality set they carry and
/// walked in a seeded order per pool, exactly as <see cref="TrainingData"/> walks pixel clips, so a resumed run draws
/// the same clips. Every clip must have latents of one shape (they are batched).
/// </summary>
public sealed class LatentTrainingData : ITrainingData
{
    private readonly IReadOnlyList<ManifestEntry> entries;
    private readonly Dictionary<string, ModalityDescriptor> modalities;
    private readonly ClipOrder order;
    private readonly Dictionary<int, LatentClip> cache = [];

    /// <summary>Opens the latent dataset in <paramref name="directory"/>, reading its manifest and its first clip's header.</summary>
    /// <exception cref="TrainingException">The dataset holds no clips.</exception>
    /// <exception cref="DatasetFormatException">The manifest is broken, or the first clip is not a latent clip (e.g. a pixel dataset).</exception>
    public LatentTrainingData(string directory, IEnumerable<ModalityDescriptor> enabled, long seed)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(enabled);
        Directory = Path.GetFullPath(directory);
        entries = DatasetManifest.Read(Path.Combine(Directory, DatasetManifest.FileName));
        modalities = enabled.ToDictionary(d => d.Name, StringComparer.Ordinal);
        if (entries.Count == 0) throw new TrainingException($"Dataset '{Directory}' holds no clips.");
        order = new ClipOrder(Directory, entries.Count, seed, set =>
        {
            foreach (var m in set) Descriptor(m);
            return i => set.All(m => entries[i].Modalities.Contains(m, StringComparer.Ordinal));
        });
        var first = Clip(0);
        LatentShape = first.Latents.TryGetValue(ModalityRegistry.Rgb, out var rgb) ? rgb.shape
            : throw new DatasetFormatException(PathOf(0), "holds no 'rgb' latents");
        ClipShape = (first.Frames, first.Height, first.Width);
    }

    /// <summary>Frames, height and width of the pixel clips the latents were encoded from (the first clip's).</summary>
    public (int Frames, int Height, int Width) ClipShape { get; }

    /// <inheritdoc />
    public string Directory { get; }

    /// <summary>Shape <c>[z, t, h, w]</c> of every clip's latents (read from the first clip).</summary>
    public long[] LatentShape { get; }

    /// <inheritdoc />
    public DataPosition Position { get => order.Position; set => order.Position = value; }

    /// <inheritdoc />
    public IReadOnlyList<int> ClipsWith(IReadOnlyList<string> set) => order.ClipsWith(set);

    /// <inheritdoc />
    public IReadOnlyList<string> CarriedPrefix(IReadOnlyList<string> set) => order.CarriedPrefix(set);

    /// <inheritdoc />
    /// <exception cref="DatasetFormatException">A clip is unreadable, lacks a stream, or differs in latent shape (named).</exception>
    public TrainingBatch Next(IReadOnlyList<string> set, int count, Random random)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(random);
        var clips = order.Draw(set, count);
        var rgb = new List<Tensor>();
        var captions = new List<string>();
        var latents = set.Select(_ => new List<Tensor>()).ToList();
        var prompts = set.Select(_ => new List<string>()).ToList();
        foreach (var i in clips)
        {
            var clip = Clip(i);
            rgb.Add(Stream(clip, i, ModalityRegistry.Rgb));
            captions.Add(clip.Caption);
            for (var m = 0; m < set.Count; m++)
            {
                var d = Descriptor(set[m]);
                prompts[m].Add(d.Prompts[random.Next(d.Prompts.Count)]);
                latents[m].Add(Stream(clip, i, set[m]));
            }
        }
        var streams = set.Select((name, m) => (name, stack(latents[m].ToArray(), 0), (IReadOnlyList<string>)prompts[m])).ToList(); // [B, z, t, h, w]
        return new TrainingBatch(stack(rgb.ToArray(), 0), streams, captions, clips);                                           // [B, z, t, h, w]
    }

    private Tensor Stream(LatentClip clip, int i, string name)
    {
        if (!clip.Latents.TryGetValue(name, out var latent)) throw new DatasetFormatException(PathOf(i), $"holds no '{name}' latents");
        if (!latent.shape.SequenceEqual(LatentShape))
            throw new DatasetFormatException(PathOf(i), string.Create(CultureInfo.InvariantCulture,
                $"'{name}' latents are [{string.Join(", ", latent.shape)}], the dataset's first clip's [{string.Join(", ", LatentShape)}]; a batch needs one size (encode clips of one size)"));
        return latent;
    }

    private string PathOf(int i) => Path.Combine(Directory, entries[i].File);

    // Latent clips are small (a 33-frame 256² clip is 16×9×32×32 floats): each is read once and kept.
    private LatentClip Clip(int i)
    {
        if (cache.TryGetValue(i, out var hit)) return hit;
        var clip = LatentClip.Load(PathOf(i));
        foreach (var latent in clip.Latents.Values) latent.DetachFromDisposeScope(); // kept past the step that read it
        cache[i] = clip;
        return clip;
    }

    private ModalityDescriptor Descriptor(string name) =>
        modalities.TryGetValue(name, out var d) ? d : throw new TrainingException($"Modality '{name}' is not enabled (enabled: {string.Join(", ", modalities.Keys)}).");

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var clip in cache.Values) clip.Dispose();
        cache.Clear();
    }
}
