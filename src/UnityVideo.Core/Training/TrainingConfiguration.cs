using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using UnityVideo.Core.Model;

namespace UnityVideo.Core.Training;

/// <summary>
/// The resolved configuration of a run as JSON (model sizes, stream channels, trainer options) and its hash.
/// The hash leaves out what may change between sessions of one run without changing any step's arithmetic:
/// the total step count, checkpoint cadence and retention (and, being outside these options, the device).
/// </summary>
public static class TrainingConfiguration
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The full configuration as indented JSON.</summary>
    public static string ToJson(DiTConfig model, IReadOnlyDictionary<string, int> streams, TrainerOptions options) =>
        ToJson(ModelNode(model), streams, options);

    /// <summary>The full configuration as indented JSON, with the model's part given as <paramref name="model"/> (any backbone).</summary>
    public static string ToJson(JsonObject model, IReadOnlyDictionary<string, int> streams, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = Hashed(model, streams, options);
        root["schedule"] = new JsonObject
        {
            ["Steps"] = options.Steps, ["CheckpointEvery"] = options.CheckpointEvery, ["KeepCheckpoints"] = options.KeepCheckpoints,
        };
        return root.ToJsonString(Json);
    }

    /// <summary>SHA-256 (first 16 hex digits) of the hashed part of the configuration.</summary>
    public static string Hash(DiTConfig model, IReadOnlyDictionary<string, int> streams, TrainerOptions options) => HashOf(Hashed(ModelNode(model), streams, options));

    /// <summary>SHA-256 (first 16 hex digits) of the hashed part, with the model's part given as <paramref name="model"/> (any backbone).</summary>
    public static string Hash(JsonObject model, IReadOnlyDictionary<string, int> streams, TrainerOptions options) => HashOf(Hashed(model, streams, options));

    /// <summary>Keys (flattened, e.g. <c>training.LearningRate</c>) whose values differ between two configurations, schedule excluded.</summary>
    public static IReadOnlyList<string> Differences(string jsonA, string jsonB)
    {
        var a = Flatten(JsonNode.Parse(jsonA));
        var b = Flatten(JsonNode.Parse(jsonB));
        return a.Keys.Union(b.Keys).Where(k => !k.StartsWith("schedule.", StringComparison.Ordinal))
            .Where(k => a.GetValueOrDefault(k) != b.GetValueOrDefault(k)).Order(StringComparer.Ordinal).ToList();
    }

    private static JsonObject Hashed(JsonObject model, IReadOnlyDictionary<string, int> streams, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentNullException.ThrowIfNull(options);
        return new JsonObject
        {
            ["model"] = model.DeepClone(),
            ["streams"] = JsonSerializer.SerializeToNode(streams.ToDictionary(kv => kv.Key, kv => kv.Value)),
            ["training"] = options.HashedView(),
        };
    }

    /// <summary>
    /// The pixel DiT's part of the configuration. Settings added later are left out while they hold the value every
    /// run before them had, so those runs still resume.
    /// </summary>
    public static JsonObject ModelNode(DiTConfig model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var node = JsonNode.Parse(model.ToJson())!.AsObject();
        if (model.AlignedFusionInit == DiTConfig.FusionZero) node.Remove("alignedFusionInit");
        if (!model.AlignedInput) node.Remove("alignedInput");
        if (model.PixelDecoder == 0) node.Remove("pixelDecoder");
        if (model.TemporalPatch == 1) node.Remove("temporalPatch");
        if (!model.FramePositions) node.Remove("framePositions");
        if (model.BlockPrecision == DiTConfig.Fp32) node.Remove("blockPrecision");
        return node;
    }

    private static string HashOf(JsonObject root) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(root.ToJsonString())))[..16];

    private static Dictionary<string, string> Flatten(JsonNode? node, string prefix = "", Dictionary<string, string>? into = null)
    {
        into ??= new Dictionary<string, string>(StringComparer.Ordinal);
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o) Flatten(v, prefix.Length == 0 ? k : $"{prefix}.{k}", into);
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++) Flatten(a[i], $"{prefix}[{i}]", into);
                if (a.Count == 0) into[prefix] = "[]";
                break;
            default:
                into[prefix] = node?.ToJsonString() ?? "null";
                break;
        }
        return into;
    }
}
