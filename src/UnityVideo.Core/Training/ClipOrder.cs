namespace UnityVideo.Core.Training;

/// <summary>
/// The data order every training dataset shares: clips grouped into pools by the modality set they carry, each pool
/// walked in a seeded permutation per epoch, the cursors checkpointed as a <see cref="DataPosition"/>.
/// </summary>
public sealed class ClipOrder
{
    private readonly string directory;
    private readonly int count;
    private readonly long seed;
    private readonly Func<IReadOnlyList<string>, Func<int, bool>> carrier;
    private readonly Dictionary<string, List<int>> pools = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Pool, int Epoch), int[]> permutations = [];

    /// <summary>Orders <paramref name="count"/> clips of <paramref name="directory"/>.</summary>
    /// <param name="directory">The dataset folder (for messages).</param>
    /// <param name="count">Number of clips.</param>
    /// <param name="seed">Seed of the order.</param>
    /// <param name="carrier">For a modality set: checks its names (throwing for one not enabled) and returns whether clip i carries all of them.</param>
    public ClipOrder(string directory, int count, long seed, Func<IReadOnlyList<string>, Func<int, bool>> carrier)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(carrier);
        this.directory = directory;
        this.count = count;
        this.seed = seed;
        this.carrier = carrier;
    }

    /// <summary>The cursors; set it to continue a run.</summary>
    public DataPosition Position { get; set; } = new();

    /// <summary>Dataset indices of the clips carrying every modality of <paramref name="set"/>.</summary>
    public IReadOnlyList<int> ClipsWith(IReadOnlyList<string> set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var key = string.Join('+', set);
        if (pools.TryGetValue(key, out var pool)) return pool;
        var carries = carrier(set);
        pool = Enumerable.Range(0, count).Where(carries).ToList();
        pools[key] = pool;
        return pool;
    }

    /// <summary>The largest prefix of <paramref name="set"/> (in its order) that some clip carries completely; empty when none carries the first.</summary>
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

    /// <summary>The next <paramref name="draws"/> clips of the pool carrying <paramref name="set"/>, advancing its cursor.</summary>
    /// <exception cref="TrainingException">No clip carries the set.</exception>
    public int[] Draw(IReadOnlyList<string> set, int draws)
    {
        var key = string.Join('+', set);
        var pool = ClipsWith(set);
        if (pool.Count == 0) throw new TrainingException($"No clip of '{directory}' carries {key}.");
        var (epoch, index) = Position[key];
        var drawn = new int[draws];
        for (var k = 0; k < draws; k++)
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
}
