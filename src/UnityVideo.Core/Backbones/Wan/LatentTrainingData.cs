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
    private readonly Dictionary<string, List<int>> pools = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Pool, int Epoch), int[]> permutations = [];
    private readonly Dictionary<int, LatentClip> cache = [];
    private readonly long seed;

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
        this.seed = seed;
        if (entries.Count == 0) throw new TrainingException($"Dataset '{Directory}' holds no clips.");
        var first = Clip(0);
        LatentShape = first.Latents.TryGetValue(ModalityRegistry.Rgb, out var rgb) ? rgb.shape
            : throw new DatasetFormatException(PathOf(0), "holds no 'rgb' latents");
    }

    /// <inheritdoc />
    public string Directory { get; }

    /// <summary>Shape <c>[z, t, h, w]</c> of every clip's latents (read from the first clip).</summary>
    public long[] LatentShape { get; }

    /// <inheritdoc />
    public DataPosition Position { get; set; } = new();

    /// <inheritdoc />
    public IReadOnlyList<int> ClipsWith(IReadOnlyList<string> set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var key = string.Join('+', set);
        if (pools.TryGetValue(key, out var pool)) return pool;
        foreach (var m in set) Descriptor(m);
        pool = Enumerable.Range(0, entries.Count).Where(i => set.All(m => entries[i].Modalities.Contains(m, StringComparer.Ordinal))).ToList();
        pools[key] = pool;
        return pool;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> CarriedPrefix(IReadOnlyList<string> set)
    {
        ArgumentNullException.ThrowIfNull(set);
        for (var n = set.Count; n > 0; n--)
        {
            var prefix = set.Take(n).ToList();
            if (ClipsWith(prefix).Count > 0) return prefix;
        }
        return [];
    }

    /// <inheritdoc />
    /// <exception cref="DatasetFormatException">A clip is unreadable, lacks a stream, or differs in latent shape (named).</exception>
    public TrainingBatch Next(IReadOnlyList<string> set, int count, Random random)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(random);
        var clips = Draw(set, count);
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

    private int[] Draw(IReadOnlyList<string> set, int count)
    {
        var key = string.Join('+', set);
        var pool = ClipsWith(set);
        if (pool.Count == 0) throw new TrainingException($"No clip of '{Directory}' carries {key}.");
        var (epoch, index) = Position[key];
        var drawn = new int[count];
        for (var k = 0; k < count; k++)
        {
            if (index >= pool.Count) (epoch, index) = (epoch + 1, 0);
            drawn[k] = pool[Permutation(key, pool.Count, epoch)[index++]];
        }
        Position[key] = (epoch, index);
        return drawn;
    }

    private int[] Permutation(string pool, int n, int epoch)
    {
        if (permutations.TryGetValue((pool, epoch), out var p)) return p;
        foreach (var stale in permutations.Keys.Where(k => k.Pool == pool).ToList()) permutations.Remove(stale);
        p = Enumerable.Range(0, n).ToArray();
        StepRandom.Random(seed, StepRandom.OrderPurpose ^ StepRandom.Hash(pool), epoch).Shuffle(p);
        permutations[(pool, epoch)] = p;
        return p;
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
