import { jsonPathProblem, mqttTopicProblem } from './mqtt-topic';

describe(mqttTopicProblem.name, () => {
  it.each(['acme/plant-south/line3/telemetry', 'a', 'acme/+/telemetry', 'acme/#', '#', '+', 'a//b'])(
    'accepts %s',
    (topic) => {
      expect(mqttTopicProblem(topic)).toBeNull();
    },
  );

  it.each<[string, RegExp]>([
    ['', /empty/],
    ['a/#/b', /'#'/],
    ['a/b#', /'#'/],
    ['a/b+/c', /'\+'/],
    ['$SYS/x', /reserved/],
    ['a\u0000b', /NUL/],
  ])('rejects %j', (topic, problem) => {
    expect(mqttTopicProblem(topic)).toMatch(problem);
  });
});

describe(jsonPathProblem.name, () => {
  it.each(['$', '$.speed', '$.data[0].value', "$['a b'].c", '$.energy_kwh', '$["x.y"]', "$['it\\'s']"])(
    'accepts %s',
    (path) => {
      expect(jsonPathProblem(path)).toBeNull();
    },
  );

  it.each(['speed', '$..speed', '$.a[*]', '$.', '.speed'])('rejects %s', (path) => {
    expect(jsonPathProblem(path)).toMatch(/invalid JSON path/);
  });
});
