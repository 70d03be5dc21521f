using System.Text.Json.Serialization;

namespace IpcBench.Results;

/// <summary>
/// Source-generated System.Text.Json metadata for the result schema: snake_case names, enums as
/// their lower-case strings, nulls written explicitly (a field is always present, null = not
/// available), non-nullable references enforced on read.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    UseStringEnumConverter = true,
    RespectNullableAnnotations = true,
    AllowTrailingCommas = false,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(RunResult))]
internal sealed partial class ResultJsonContext : JsonSerializerContext;
