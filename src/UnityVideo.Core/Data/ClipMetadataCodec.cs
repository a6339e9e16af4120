using System.Globalization;
using System.Text.Json;
using UnityVideo.Abstractions;

namespace UnityVideo.Core.Data;

/// <summary>
/// <see cref="ClipMetadata"/> ⇄ the string map of a safetensors <c>__metadata__</c>. Structured values
/// (classes, intrinsics, skeletons) are JSON strings, so Python reads them with one <c>json.loads</c>.
/// </summary>
internal static class ClipMetadataCodec
{
    public static void Write(ClipMetadata m, IDictionary<string, string> into)
    {
        into["caption"] = m.Caption;
        into["fps"] = m.Fps.ToString("R", CultureInfo.InvariantCulture);
        into["source"] = m.Source;
        if (m.Split is not null) into["split"] = m.Split;
        if (m.Seed is { } seed) into["seed"] = seed.ToString(CultureInfo.InvariantCulture);
        if (m.Index is { } index) into["index"] = index.ToString(CultureInfo.InvariantCulture);
        if (m.Classes is not null) into["classes"] = JsonSerializer.Serialize(m.Classes);
        if (m.Intrinsics is { } k)
            into["intrinsics"] = JsonSerializer.Serialize(new Dictionary<string, double> { ["fx"] = k.Fx, ["fy"] = k.Fy, ["cx"] = k.Cx, ["cy"] = k.Cy });
        if (m.Skeletons is not null)
            into["skeletons"] = JsonSerializer.Serialize(m.Skeletons.Select(s => new Dictionary<string, object> { ["instance"] = s.InstanceId, ["kind"] = s.Kind }));
    }

    /// <summary>Parses the map; every problem is a <see cref="DatasetFormatException"/> naming <paramref name="path"/>.</summary>
    public static ClipMetadata Read(string path, IReadOnlyDictionary<string, string> map)
    {
        string Required(string key) =>
            map.TryGetValue(key, out var v) ? v : throw new DatasetFormatException(path, $"metadata has no '{key}' (it holds: {string.Join(", ", map.Keys)})");

        var caption = Required("caption");
        if (!double.TryParse(Required("fps"), NumberStyles.Float, CultureInfo.InvariantCulture, out var fps) || !(fps > 0))
            throw new DatasetFormatException(path, $"metadata 'fps' = '{map["fps"]}' is not a positive number");
        ulong? seed = null;
        if (map.TryGetValue("seed", out var s))
            seed = ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v
                : throw new DatasetFormatException(path, $"metadata 'seed' = '{s}' is not an unsigned integer");
        int? index = null;
        if (map.TryGetValue("index", out var i))
            index = int.TryParse(i, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v
                : throw new DatasetFormatException(path, $"metadata 'index' = '{i}' is not a non-negative integer");

        return new ClipMetadata
        {
            Caption = caption,
            Fps = fps,
            Source = map.GetValueOrDefault("source", "unknown"),
            Split = map.GetValueOrDefault("split"),
            Seed = seed,
            Index = index,
            Classes = map.TryGetValue("classes", out var c) ? Json(path, "classes", c, ParseClasses) : null,
            Intrinsics = map.TryGetValue("intrinsics", out var k) ? Json(path, "intrinsics", k, ParseIntrinsics) : null,
            Skeletons = map.TryGetValue("skeletons", out var sk) ? Json(path, "skeletons", sk, ParseSkeletons) : null,
        };
    }

    private static T Json<T>(string path, string key, string text, Func<JsonElement, T> parse)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return parse(doc.RootElement);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw new DatasetFormatException(path, $"metadata '{key}' is malformed ({e.Message}): {text}", e);
        }
    }

    private static List<string> ParseClasses(JsonElement e) =>
        e.EnumerateArray().Select(x => x.GetString() ?? throw new FormatException("class names must be strings")).ToList();

    private static CameraIntrinsics ParseIntrinsics(JsonElement e) =>
        new(e.GetProperty("fx").GetDouble(), e.GetProperty("fy").GetDouble(), e.GetProperty("cx").GetDouble(), e.GetProperty("cy").GetDouble());

    private static List<SkeletonInstance> ParseSkeletons(JsonElement e) =>
        e.EnumerateArray().Select(x => new SkeletonInstance(x.GetProperty("instance").GetInt32(),
            x.GetProperty("kind").GetString() ?? throw new FormatException("skeleton kind must be a string"))).ToList();
}
