using System.Text.Json;
using System.Text.Json.Serialization;

namespace UnityVideo.Cli;

/// <summary>JSON settings for machine-readable output: camelCase, indented, enums as names.</summary>
internal static class CliJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };
}
