using System.Globalization;
using System.Text.Json;

namespace UnityVideo.Host.Configuration;

/// <summary>Flattens a JSON document into a <see cref="ConfigurationLayer"/> (objects → keys, arrays → indices).</summary>
public static class JsonConfigurationFlattener
{
    /// <summary>Reads and flattens a JSON configuration file.</summary>
    /// <exception cref="UnityVideoConfigurationException">The file is missing, unreadable, not a JSON object, or sets a key twice.</exception>
    public static ConfigurationLayer FromFile(string path)
    {
        if (!File.Exists(path))
            throw new UnityVideoConfigurationException($"Configuration file not found: {path}");
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UnityVideoConfigurationException($"Cannot read configuration file {path}: {e.Message}");
        }
        return FromText(text, path);
    }

    /// <summary>Flattens JSON text; <paramref name="source"/> names it in errors. A key set twice in one object (at any depth) is an error.</summary>
    public static ConfigurationLayer FromText(string json, string source)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}, position {e.BytePositionInLine + 1}" : "";
            throw new UnityVideoConfigurationException($"Configuration file {source} is not valid JSON{where}.");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new UnityVideoConfigurationException($"Configuration file {source} must contain a JSON object at the top level.");
            var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            var arrays = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            Visit(doc.RootElement, "", values, arrays, source);
            return new ConfigurationLayer(source, values, arrays);
        }
    }

    private static void Visit(JsonElement e, string path, Dictionary<string, string?> values, HashSet<string> arrays, string source)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                // JSON would let the last of two equal names win silently; configuration keys ignore case, so
                // "Steps" and "steps" are the same key too.
                var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var p in e.EnumerateObject())
                {
                    if (!names.Add(p.Name))
                        throw new UnityVideoConfigurationException(
                            $"Configuration file {source} sets '{Join(path, p.Name)}' more than once; keep one (configuration keys ignore case).");
                    Visit(p.Value, Join(path, p.Name), values, arrays, source);
                }
                var any = names.Count > 0;
                if (!any && path.Length > 0) values[path] = null; // keep "Section": {} visible to the schema check
                break;
            case JsonValueKind.Array:
                arrays.Add(path);
                var i = 0;
                foreach (var item in e.EnumerateArray()) Visit(item, Join(path, i++.ToString(CultureInfo.InvariantCulture)), values, arrays, source);
                break;
            case JsonValueKind.Null:
                values[path] = null;
                break;
            case JsonValueKind.String:
                values[path] = e.GetString();
                break;
            default:
                values[path] = e.GetRawText(); // numbers and booleans keep their JSON spelling
                break;
        }
    }

    private static string Join(string a, string b) => a.Length == 0 ? b : a + ":" + b;
}
