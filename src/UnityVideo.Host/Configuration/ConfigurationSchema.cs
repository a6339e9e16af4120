using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using UnityVideo.Core.Diffusion;
using UnityVideo.Core.Model;
using UnityVideo.Core.Training;
using UnityVideo.Host.Options;

namespace UnityVideo.Host.Configuration;

/// <summary>
/// Checks every configured key against the options classes: unknown keys (typos) and values that do not
/// convert to the property's type are reported, all at once, with their keys.
/// </summary>
public static class ConfigurationSchema
{
    /// <summary>Root sections and the options type each binds to.</summary>
    public static IReadOnlyDictionary<string, Type> Sections { get; } = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase)
    {
        [PluginsOptions.SectionName] = typeof(PluginsOptions),
        [ModalitiesOptions.SectionName] = typeof(ModalitiesOptions),
        [ModelPresets.SectionName] = typeof(ModelPresets),
        [DataOptions.SectionName] = typeof(DataOptions),
        [UnityVideoSettings.TrainingSection] = typeof(TrainerOptions),
        [UnityVideoSettings.SamplingSection] = typeof(SamplerOptions),
        [RuntimeOptions.SectionName] = typeof(RuntimeOptions),
        [AblationOptions.SectionName] = typeof(AblationOptions),
    };

    /// <summary>
    /// Sections whose own keys are also those of a second type: <c>Model</c> holds the preset choice and table
    /// (<see cref="ModelPresets"/>) and any <see cref="DiTConfig"/> key, applied over the chosen preset.
    /// </summary>
    public static IReadOnlyDictionary<string, Type> Overlays { get; } = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase)
    {
        [ModelPresets.SectionName] = typeof(DiTConfig),
    };

    /// <summary>Checks the given leaf entries.</summary>
    /// <param name="entries">Leaf keys, values and sources.</param>
    /// <param name="strictRoot">Report unknown top-level sections too (true for files the user wrote for this tool).</param>
    public static IReadOnlyList<ConfigurationError> Check(IEnumerable<(string Key, string? Value, string? Source)> entries, bool strictRoot)
    {
        var errors = new List<ConfigurationError>();
        foreach (var (key, value, source) in entries.OrderBy(e => e.Key, StringComparer.OrdinalIgnoreCase))
        {
            var parts = key.Split(':');
            if (!Sections.TryGetValue(parts[0], out var type))
            {
                if (strictRoot)
                    errors.Add(new(key, $"unknown section '{parts[0]}' (known: {string.Join(", ", Sections.Keys)})", source));
                continue;
            }
            var problem = Walk(type, parts, 1, value);
            if (problem is not null && parts.Length > 1 && Overlays.TryGetValue(parts[0], out var overlay) && Property(type, parts[1]) is null)
                problem = Property(overlay, parts[1]) is null
                    ? $"unknown key '{parts[1]}' (known here: {string.Join(", ", Known(type).Concat(Known(overlay)))})"
                    : Walk(overlay, parts, 1, value);
            if (problem is not null) errors.Add(new(key, problem, source));
        }
        return errors;
    }

    private static string? Walk(Type type, string[] parts, int i, string? value)
    {
        if (i == parts.Length) return CheckLeaf(type, value);

        var prop = Property(type, parts[i]);
        if (prop is null) return $"unknown key '{parts[i]}' (known here: {string.Join(", ", Known(type))})";
        if (prop.GetCustomAttribute<FreeFormAttribute>() is not null) return null;

        var t = prop.PropertyType;
        if (DictionaryValueType(t) is { } valueType)
            return i + 1 == parts.Length ? CheckLeaf(t, value) : Walk(valueType, parts, i + 2, value);
        if (ListElementType(t) is { } elementType)
        {
            if (i + 1 == parts.Length) return CheckLeaf(t, value);
            if (!int.TryParse(parts[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out _))
                return $"'{prop.Name}' is a list; expected an index, found '{parts[i + 1]}'";
            return Walk(elementType, parts, i + 2, value);
        }
        return Walk(t, parts, i + 1, value);
    }

    private static PropertyInfo? Property(Type type, string name) =>
        type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is { CanWrite: true } p ? p : null;

    private static IEnumerable<string> Known(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => p.Name);

    private static string? CheckLeaf(Type type, string? value)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (value is null) return null; // JSON null: keep the default
        if (t == typeof(string)) return null;
        if (DictionaryValueType(t) is not null || ListElementType(t) is not null || IsComplex(t))
            return value.Length == 0 ? null : $"expects a section or list, not the value '{value}'";
        if (t.IsEnum)
        {
            return Enum.TryParse(t, value, ignoreCase: true, out var parsed) && Enum.IsDefined(t, parsed!) && !char.IsDigit(value.FirstOrDefault())
                ? null
                : $"'{value}' is not one of: {string.Join(", ", Enum.GetNames(t))}";
        }
        try
        {
            TypeDescriptor.GetConverter(t).ConvertFromInvariantString(value);
            return null;
        }
        catch (Exception e) when (e is FormatException or NotSupportedException or ArgumentException or OverflowException
                                  || e.InnerException is FormatException or OverflowException)
        {
            return $"'{value}' is not a valid {FriendlyName(t)}";
        }
    }

    private static bool IsComplex(Type t) => t.IsClass && t != typeof(string);

    private static Type? DictionaryValueType(Type t) =>
        t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Dictionary<,>) ? t.GetGenericArguments()[1] : null;

    private static Type? ListElementType(Type t) =>
        t.IsArray ? t.GetElementType()
        : t.IsGenericType && t.GetGenericTypeDefinition() == typeof(List<>) ? t.GetGenericArguments()[0]
        : null;

    private static string FriendlyName(Type t) => t == typeof(int) || t == typeof(long) ? "whole number" : t == typeof(double) ? "number" : t == typeof(bool) ? "boolean (true/false)" : t.Name;
}
