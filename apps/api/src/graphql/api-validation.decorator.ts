import { UsePipes, ValidationPipe } from '@nestjs/common';
import { validationExceptionFactory } from './errors/validation-exception.factory';

const pipe = new ValidationPipe({
  transform: true,
  whitelist: true,
  forbidUnknownValues: false,
  exceptionFactory: validationExceptionFactory,
});

/** class-validator on a resolver's args/inputs; failures are BAD_USER_INPUT naming the field. */
export const ValidateInput = (): ClassDecorator & MethodDecorator => UsePipes(pipe);
