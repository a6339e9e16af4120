using System.Globalization;
using System.Text.Json;

namespace UnityVideo.Host.Configuration;

/// <summary>Flattens a JSON document into a <see cref="ConfigurationLayer"/> (objects → keys, arrays → indices).</summary>
public static class JsonConfigurationFlattener
{
    /// <summary>Reads and flattens a JSON configuration file.</summary>
    /// <exception cref="UnityVideoConfigurationException">The file is missing, unreadable or not a JSON object.</exception>
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

    /// <summary>Flattens JSON text; <paramref name="source"/> names it in errors.</summary>
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
            Visit(doc.RootElement, "", values, arrays);
            return new ConfigurationLayer(source, values, arrays);
        }
    }

    private static void Visit(JsonElement e, string path, Dictionary<string, string?> values, HashSet<string> arrays)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var any = false;
                foreach (var p in e.EnumerateObject())
                {
                    any = true;
                    Visit(p.Value, Join(path, p.Name), values, arrays);
                }
                if (!any && path.Length > 0) values[path] = null; // keep "Section": {} visible to the schema check
                break;
            case JsonValueKind.Array:
                arrays.Add(path);
                var i = 0;
                foreach (var item in e.EnumerateArray()) Visit(item, Join(path, i++.ToString(CultureInfo.InvariantCulture)), values, arrays);
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
