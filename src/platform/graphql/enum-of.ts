/** A list of names as the enum object `registerEnumType` takes: each name its own value. */
export const enumOf = <Name extends string>(names: readonly Name[]) => Object.fromEntries(names.map((name) => [name, name])) as { [Key in Name]: Key };
