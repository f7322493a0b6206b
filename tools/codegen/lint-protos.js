// A hand-kept subset of buf's DEFAULT and COMMENTS lint rules, checked on the compiled
// FileDescriptorSet (with source info) so no extra tool is needed: the protos are a public,
// versioned API for orchestrators and must stay consistent and documented.
'use strict';

const { fromBinary } = require('@bufbuild/protobuf');
const { FileDescriptorSetSchema } = require('@bufbuild/protobuf/wkt');

// Field numbers inside descriptor.proto, used to address elements in SourceCodeInfo paths.
const FILE_MESSAGE = 4;
const FILE_ENUM = 5;
const FILE_SERVICE = 6;
const MESSAGE_FIELD = 2;
const MESSAGE_NESTED = 3;
const MESSAGE_ENUM = 4;
const ENUM_VALUE = 2;
const SERVICE_METHOD = 2;

const PASCAL = /^[A-Z][A-Za-z0-9]*$/;
const LOWER_SNAKE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
const UPPER_SNAKE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;
const PACKAGE = /^berth\.([a-z][a-z0-9_]*)\.(v[1-9][0-9]*)$/;

function upperSnake(pascal) {
  return pascal.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

function commentsByPath(file) {
  const comments = new Map();
  for (const location of file.sourceCodeInfo?.location ?? []) {
    const text = `${location.leadingComments ?? ''}${location.trailingComments ?? ''}`.trim();
    if (text) comments.set(location.path.join('.'), text);
  }
  return comments;
}

function lintFile(file, problems) {
  const where = file.name;
  const comments = commentsByPath(file);
  const requireComment = (elementPath, what) => {
    if (!comments.has(elementPath.join('.'))) problems.push(`${where}: ${what} has no comment`);
  };

  if (file.syntax !== 'proto3') problems.push(`${where}: syntax must be proto3`);
  const pkg = PACKAGE.exec(file.package);
  if (!pkg) {
    problems.push(`${where}: package "${file.package}" is not berth.<service>.v<N>`);
  } else if (!file.name.startsWith(`berth/${pkg[1]}/${pkg[2]}/`)) {
    problems.push(`${where}: package ${file.package} must live in berth/${pkg[1]}/${pkg[2]}/`);
  }
  const base = file.name
    .split('/')
    .pop()
    .replace(/\.proto$/, '');
  if (!LOWER_SNAKE.test(base)) problems.push(`${where}: file name must be lower_snake_case.proto`);

  const lintEnum = (enumType, elementPath, scope) => {
    const name = `${scope}${enumType.name}`;
    if (!PASCAL.test(enumType.name)) problems.push(`${where}: enum ${name} must be PascalCase`);
    requireComment(elementPath, `enum ${name}`);
    const prefix = `${upperSnake(enumType.name)}_`;
    enumType.value.forEach((value, i) => {
      const valueName = `${name}.${value.name}`;
      if (!UPPER_SNAKE.test(value.name))
        problems.push(`${where}: enum value ${valueName} must be UPPER_SNAKE_CASE`);
      if (!value.name.startsWith(prefix))
        problems.push(`${where}: enum value ${valueName} must start with ${prefix}`);
      if (value.number === 0 && value.name !== `${prefix}UNSPECIFIED`) {
        problems.push(`${where}: zero value of enum ${name} must be ${prefix}UNSPECIFIED`);
      }
      requireComment([...elementPath, ENUM_VALUE, i], `enum value ${valueName}`);
    });
  };

  const lintMessage = (message, elementPath, scope) => {
    if (message.options?.mapEntry) return; // synthesized for map<,> fields
    const name = `${scope}${message.name}`;
    if (!PASCAL.test(message.name)) problems.push(`${where}: message ${name} must be PascalCase`);
    requireComment(elementPath, `message ${name}`);
    message.field.forEach((field, i) => {
      if (!LOWER_SNAKE.test(field.name))
        problems.push(`${where}: field ${name}.${field.name} must be lower_snake_case`);
      requireComment([...elementPath, MESSAGE_FIELD, i], `field ${name}.${field.name}`);
    });
    message.nestedType.forEach((nested, i) =>
      lintMessage(nested, [...elementPath, MESSAGE_NESTED, i], `${name}.`),
    );
    message.enumType.forEach((nested, i) => lintEnum(nested, [...elementPath, MESSAGE_ENUM, i], `${name}.`));
  };

  file.messageType.forEach((message, i) => lintMessage(message, [FILE_MESSAGE, i], ''));
  file.enumType.forEach((enumType, i) => lintEnum(enumType, [FILE_ENUM, i], ''));
  file.service.forEach((service, i) => {
    if (!PASCAL.test(service.name)) problems.push(`${where}: service ${service.name} must be PascalCase`);
    requireComment([FILE_SERVICE, i], `service ${service.name}`);
    service.method.forEach((method, j) => {
      const name = `${service.name}.${method.name}`;
      if (!PASCAL.test(method.name)) problems.push(`${where}: rpc ${name} must be PascalCase`);
      requireComment([FILE_SERVICE, i, SERVICE_METHOD, j], `rpc ${name}`);
      const input = method.inputType.split('.').pop();
      const output = method.outputType.split('.').pop();
      if (input !== `${method.name}Request`)
        problems.push(`${where}: rpc ${name} must take ${method.name}Request`);
      if (output !== `${method.name}Response`)
        problems.push(`${where}: rpc ${name} must return ${method.name}Response`);
    });
  });
}

/** Returns one line per rule broken by the berth/ files of a serialized FileDescriptorSet. */
function lintDescriptorSet(bytes) {
  const set = fromBinary(FileDescriptorSetSchema, bytes);
  const problems = [];
  for (const file of set.file) {
    if (file.name.startsWith('berth/')) lintFile(file, problems);
  }
  return problems;
}

module.exports = { lintDescriptorSet };
