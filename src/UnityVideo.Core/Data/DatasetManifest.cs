using System.Text;
using System.Text.Json;
using UnityVideo.Core.IO;

namespace UnityVideo.Core.Data;

/// <summary>Reads and writes <c>manifest.jsonl</c>: one JSON object per line, one line per clip.</summary>
public static class DatasetManifest
{
    /// <summary>The manifest's file name inside a dataset folder.</summary>
    public const string FileName = "manifest.jsonl";

    private static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes the entries atomically, in the order given.</summary>
    public static void Write(string path, IEnumerable<ManifestEntry> entries)
    {
        var sb = new StringBuilder();
        foreach (var e in entries) sb.Append(JsonSerializer.Serialize(e, Json)).Append('\n');
        AtomicFile.WriteAllText(path, sb.ToString());
    }

    /// <summary>Reads every entry; a missing file or a malformed line is a <see cref="DatasetFormatException"/>.</summary>
    public static IReadOnlyList<ManifestEntry> Read(string path)
    {
        if (!System.IO.File.Exists(path)) throw new DatasetFormatException(path, "manifest not found");
        var entries = new List<ManifestEntry>();
        var lineNo = 0;
        foreach (var line in System.IO.File.ReadLines(path))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            ManifestEntry? e;
            try
            {
                e = JsonSerializer.Deserialize<ManifestEntry>(line, Json);
            }
            catch (JsonException ex)
            {
                throw new DatasetFormatException(path, $"line {lineNo} is not a valid manifest entry ({ex.Message})", ex);
            }
            if (e is null || string.IsNullOrEmpty(e.File) || e.Frames <= 0 || e.Height <= 0 || e.Width <= 0)
                throw new DatasetFormatException(path, $"line {lineNo} lacks a file name or a positive frames/height/width");
            if (Path.IsPathRooted(e.File) || e.File.Contains("..", StringComparison.Ordinal))
                throw new DatasetFormatException(path, $"line {lineNo} names '{e.File}', which is not a file inside the dataset folder");
            entries.Add(e);
        }
        return entries;
    }
}
