using System.Text.Json;

namespace UnityVideo.Core.Training;

/// <summary>
/// Where the data order stands: per clip pool (the clips carrying one modality set, keyed like "depth" or
/// "depth+flow"), the epoch and the index into that epoch's permutation. Permutations derive from
/// (seed, pool, epoch), so this is all a checkpoint needs to continue the exact order.
/// </summary>
public sealed class DataPosition
{
    private readonly SortedDictionary<string, (int Epoch, int Index)> cursors = new(StringComparer.Ordinal);

    /// <summary>The cursor of <paramref name="pool"/> (epoch 0, index 0 when never used).</summary>
    public (int Epoch, int Index) this[string pool]
    {
        get => cursors.TryGetValue(pool, out var c) ? c : (0, 0);
        set => cursors[pool] = value;
    }

    /// <summary>Pools that have a cursor.</summary>
    public IEnumerable<string> Pools => cursors.Keys;

    /// <summary>JSON: <c>{"depth":[epoch,index],…}</c>.</summary>
    public string ToJson() => JsonSerializer.Serialize(cursors.ToDictionary(kv => kv.Key, kv => new[] { kv.Value.Epoch, kv.Value.Index }, StringComparer.Ordinal));

    /// <summary>Parses <see cref="ToJson"/>.</summary>
    /// <exception cref="FormatException">Not a position written by <see cref="ToJson"/>.</exception>
    public static DataPosition FromJson(string json)
    {
        var position = new DataPosition();
        Dictionary<string, int[]>? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<Dictionary<string, int[]>>(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"data position is not valid JSON ({e.Message})", e);
        }
        foreach (var (pool, c) in parsed ?? [])
        {
            if (c is not { Length: 2 } || c[0] < 0 || c[1] < 0) throw new FormatException($"data position of '{pool}' must be [epoch, index] ≥ 0");
            position[pool] = (c[0], c[1]);
        }
        return position;
    }
}
